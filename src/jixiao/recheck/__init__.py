"""Re-check of published self-evaluation forms (已公开绩效自评表的抽查复核).

``recheck_file(path)`` reads every 项目支出绩效自评表 in a file (text, PDF, Excel, Word, web
page), detects the template it follows (national 10/50/30/10, Sichuan 10 + 90, Hubei-style
20-point execution, or any profile with a ``[recheck.template]`` section), recomputes every
score with the self-evaluation rules of :mod:`jixiao.evaluate.scoring`, and names each
discrepancy (rounded, met-but-not-full, rate-scored-satisfaction, …). ``summary_rows`` ranks
many forms by net score inflation; ``recheck_summary_rows`` gives the same for ``jixiao batch``.
"""

from jixiao.recheck.engine import (
    REASONS,
    Discrepancy,
    ExecutionCheck,
    FormRecheck,
    RowCheck,
    recheck_file,
    recheck_form,
)
from jixiao.recheck.form import IndicatorRow, MoneyRow, PublishedForm
from jixiao.recheck.reader import read_forms, read_forms_document, read_forms_text
from jixiao.recheck.summary import (
    rank,
    recheck_summary_rows,
    summary_csv,
    summary_rows,
    write_summary_csv,
)
from jixiao.recheck.templates import TemplateChoice, detect_template

__all__ = [
    "REASONS",
    "Discrepancy",
    "ExecutionCheck",
    "FormRecheck",
    "IndicatorRow",
    "MoneyRow",
    "PublishedForm",
    "RowCheck",
    "TemplateChoice",
    "detect_template",
    "rank",
    "read_forms",
    "read_forms_document",
    "read_forms_text",
    "recheck_file",
    "recheck_form",
    "recheck_summary_rows",
    "summary_csv",
    "summary_rows",
    "write_summary_csv",
]
