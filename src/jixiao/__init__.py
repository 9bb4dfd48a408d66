"""jixiao (绩效): budget performance management for Chinese public bodies.

The core (``domain``, ``ingest``, ``review``, ``monitor``, ``evaluate``) is pure Python with no
web or database imports; ``cli``, ``export`` and ``web`` are thin shells over it.
"""

__version__ = "0.1.0"
