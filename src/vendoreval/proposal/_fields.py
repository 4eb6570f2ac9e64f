"""Helpers for the answer models' fields: a yes/no question, and an optional answer that may
be left blank, each with its questionnaire labels."""

from __future__ import annotations

from typing import Any

from pydantic import Field

__all__ = ["not_stated", "yes_no"]


def yes_no(label: str, label_ko: str, description: str, description_ko: str) -> Any:
    """A ``bool`` field, False unless the vendor says yes, labelled for the questionnaire.

    Parameters
    ----------
    label, label_ko : str
        The question in the English and the Korean questionnaire.
    description, description_ko : str
        What a yes means, in English (the field's description) and in Korean.
    """
    return Field(
        default=False,
        description=description,
        json_schema_extra={
            "questionnaire": {
                "label": label,
                "ko": {"label": label_ko, "description": description_ko},
            }
        },
    )


def not_stated(label: str, label_ko: str, description: str, description_ko: str) -> Any:
    """An optional field, None when the vendor leaves it blank ("blank = not stated" on the
    questionnaire), labelled for the questionnaire.

    Parameters
    ----------
    label, label_ko : str
        The question in the English and the Korean questionnaire.
    description, description_ko : str
        What the answer is, with its unit, in English (the field's description) and in Korean.
    """
    return Field(
        default=None,
        description=description,
        json_schema_extra={
            "questionnaire": {
                "label": label,
                "blank": "blank = not stated",
                "ko": {"label": label_ko, "description": description_ko},
            }
        },
    )
