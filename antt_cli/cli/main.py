"""Entry point: parses arguments only, then calls the subcommand module (imported lazily
so that `antt --help` and `antt --version` stay fast)."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from antt_cli import __version__

app = typer.Typer(
    name="antt",
    help="Đánh giá tiêu chuẩn “An toàn về an ninh, trật tự” (Thông tư 124/2021/TT-BCA).\n\n"
    "Assess residential areas, communes, agencies, enterprises and schools against Circular 124/2021/TT-BCA.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class Format(str, Enum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        print(f"antt {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Phiên bản / show the version.")
    ] = False,
) -> None:
    """antt"""


LangOpt = Annotated[Lang, typer.Option("--lang", "-l", envvar="ANTT_LANG", help="Ngôn ngữ / language (vi, en).")]
CriteriaOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--criteria", "-c", help="Thư mục/tệp tiêu chí (mặc định: bộ tiêu chí kèm theo) / criteria folder or file."),
]


@app.command()
def assess(
    paths: Annotated[list[Path], typer.Argument(help="Tệp bản ghi đơn vị (YAML) / unit record files.", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Định dạng / output format.")] = Format.table,
    lang: LangOpt = Lang.vi,
    year: Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, help="Năm đánh giá / assessment year.")] = None,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", help="Ngày chọn bộ tiêu chí có hiệu lực (YYYY-MM-DD) / date for the rule set.")
    ] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Đánh giá đơn vị / assess units: verdict and every criterion with its reasons."""
    from antt_cli.cli import assess as cmd

    raise typer.Exit(cmd.run(paths, format.value, lang.value, year, _date_option(as_of), criteria))


@app.command()
def new(
    unit_type: Annotated[str, typer.Argument(metavar="TYPE", help="Loại đơn vị / unit type (khu_dan_cu, xa, co_quan, doanh_nghiep, co_so_giao_duc).")],
    lang: LangOpt = Lang.vi,
    year: Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, help="Năm đánh giá / assessment year.")] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """In một bản ghi trống có chú thích / print a blank, commented record for TYPE."""
    from antt_cli.cli import new as cmd

    raise typer.Exit(cmd.run(unit_type, lang.value, year, criteria))


@app.command("test")
def test_cases(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Tệp/thư mục ca kiểm thử / case files (default: bundled).", show_default=False)] = None,
    keyword: Annotated[Optional[str], typer.Option("-k", help="Chỉ chạy ca có tên chứa chuỗi này / only cases whose name contains this.")] = None,
    lang: LangOpt = Lang.vi,
    criteria: CriteriaOpt = None,
) -> None:
    """Chạy các ca kiểm thử tiêu chí / run criteria test cases."""
    from antt_cli.cli import cases as cmd

    raise typer.Exit(cmd.run(paths, keyword, lang.value, criteria))


def _date_option(value: str | None):  # type: ignore[no-untyped-def]
    if value is None:
        return None
    from antt_cli.records.model import to_date

    try:
        return to_date(value)
    except Exception:
        raise typer.BadParameter(f"'{value}': YYYY-MM-DD", param_hint="--as-of") from None


def run() -> None:
    """Console-script entry: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as e:  # pragma: no cover - defensive
        if os.environ.get("ANTT_DEBUG"):
            raise
        from antt_cli.i18n import ui

        lang = os.environ.get("ANTT_LANG", "vi")
        print(f"antt: {ui('internal-error', 'en' if lang == 'en' else 'vi', detail=f'{type(e).__name__}: {e}')}", file=sys.stderr)
        sys.exit(3)
