"""Stage 1: load criteria files into checked, compiled rule sets.

    from antt_cli.criteria import load_criteria
    criteria = load_criteria()            # the bundled national set
    ut = criteria.unit_type("khu_dan_cu", on=date(2024, 10, 31))
"""

from antt_cli.criteria.load import CriteriaSet, bundled_criteria_dir, load_criteria

__all__ = ["CriteriaSet", "bundled_criteria_dir", "load_criteria"]
