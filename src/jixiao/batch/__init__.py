"""Batch processing of document collections (批量处理与开放数据集).

``run_batch(inputs, out_dir, workers=N)`` parses and reviews every document found in files,
directories and glob patterns, in parallel (a process pool, or a Dask cluster with
``scheduler=``), skips documents already done (by content hash, recorded in the output
folder's ledger), lists every document that failed with its reason in the run report, and
writes an open dataset — ``documents``, ``projects``, ``indicators``, ``findings``,
``leftovers`` — as Parquet and CSV, every row with its provenance. With ``recheck=True`` the
published self-evaluation forms in the documents are rechecked too (table ``recheck``, ranked
in ``recheck_summary.csv``; :mod:`jixiao.batch.rechecks`). See ``docs/batch.md``.
"""

from jixiao.batch.dataset import DatasetInfo, load_dataset, read_table, table_rows, write_dataset
from jixiao.batch.discover import DOCUMENT_SUFFIXES, Discovery, content_hash, discover
from jixiao.batch.ledger import BatchError, Ledger
from jixiao.batch.runner import BatchListener, FailedDocument, RunReport, make_executor, run_batch
from jixiao.batch.schema import TABLES, columns, table_names
from jixiao.batch.worker import DocumentResult, Status, process_document

__all__ = [
    "DOCUMENT_SUFFIXES",
    "TABLES",
    "BatchError",
    "BatchListener",
    "DatasetInfo",
    "Discovery",
    "DocumentResult",
    "FailedDocument",
    "Ledger",
    "RunReport",
    "Status",
    "columns",
    "content_hash",
    "discover",
    "load_dataset",
    "make_executor",
    "process_document",
    "read_table",
    "run_batch",
    "table_names",
    "table_rows",
    "write_dataset",
]
