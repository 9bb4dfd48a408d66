"""The HTTP API (django-ninja): plans, projects, indicators, findings, monitoring, evaluation."""
