"""File and folder names: ASCII, lower case, no diacritics, safe on Windows."""

from __future__ import annotations

import re
import unicodedata

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def slug(text: str, max_len: int = 60) -> str:
    """'Xã Minh Tân' -> 'xa-minh-tan'; 'Đông' -> 'dong'; '' for a text with no letters or digits."""
    text = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    text = text[:max_len].rstrip("-")
    if text in _RESERVED:
        text = f"{text}-"
    return text
