"""Exports (导出): official Excel tables, flat CSV/JSON tables, HTML/PDF reports with charts.

Every exporter reads core objects (Plan, review Report, monitoring and evaluation results)
and writes a file; none of them computes a rule of its own. Heavy libraries (openpyxl,
matplotlib, WeasyPrint) are imported inside the functions that need them, so that importing
:mod:`jixiao.export` stays cheap.
"""
