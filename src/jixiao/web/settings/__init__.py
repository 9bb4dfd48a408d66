"""Settings: ``base`` (shared, everything from the environment), ``dev``, ``test``, ``production``.

Secrets and the database come from the environment only (``JIXIAO_SECRET_KEY``,
``DATABASE_URL``); without ``DATABASE_URL`` an SQLite file in ``$JIXIAO_DATA_DIR``
(default ``./var``) is used.
"""
