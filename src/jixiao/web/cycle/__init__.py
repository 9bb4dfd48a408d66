"""Monitoring rounds, self-evaluation entry and dashboards (运行监控、绩效自评、看板)."""
