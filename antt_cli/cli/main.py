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
    help="Đánh giá khu dân cư, xã, cơ quan, doanh nghiệp, cơ sở giáo dục theo tiêu chuẩn “An toàn về an ninh, trật tự” "
    "(bộ tiêu chí trong criteria/*.yaml; xem `antt criteria list`).\n\n"
    "Assess residential areas, communes, agencies, enterprises and schools against the “An toàn về an ninh, trật tự” "
    "standard (criteria in criteria/*.yaml; see `antt criteria list`).",
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
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    markdown = "markdown"
    junit = "junit"


class TemplateFormat(str, Enum):  # antt new
    yaml = "yaml"
    xlsx = "xlsx"
    csv = "csv"


class CheckFormat(str, Enum):  # antt criteria check / validate / test
    text = "text"
    json = "json"
    github = "github"


class ShowFormat(str, Enum):  # antt criteria show
    text = "text"
    markdown = "markdown"
    json = "json"


def _version(value: bool) -> None:
    if value:
        print(f"antt {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Phiên bản / show the version.")
    ] = False,
) -> None:
    """antt"""
    from antt_cli.cli import config_cmd

    config_cmd.apply(ctx)  # antt.toml / [tool.antt] → option defaults (flags and env still win)


LangOpt = Annotated[Lang, typer.Option("--lang", "-l", envvar="ANTT_LANG", help="Ngôn ngữ / language (vi, en).")]
CriteriaOpt = Annotated[
    Optional[list[Path]],
    typer.Option("--criteria", "-c", help="Thư mục/tệp tiêu chí (mặc định: bộ tiêu chí kèm theo) / criteria folder or file."),
]


@app.command()
def assess(
    paths: Annotated[list[Path], typer.Argument(help="Tệp bản ghi (YAML), thư mục, bảng tính (.csv, .xlsx) / record files, folders, spreadsheets.", show_default=False)],
    format: Annotated[Optional[Format], typer.Option("--format", "-f", help="Định dạng / output format: table, json, jsonl, csv, xlsx, markdown, junit [default: table].", show_default=False)] = None,
    output: Annotated[Optional[list[str]], typer.Option("--output", "-o", metavar="[FORMAT=]FILE", help="Ghi báo cáo vào tệp (lặp lại được; định dạng theo đuôi tệp) / write a report to FILE (repeatable; format from the extension).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Số tiến trình (mặc định: số lõi) / worker processes (default: the number of cores).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Không hiện tiến độ, thông báo / no progress bar or messages.")] = False,
    lang: LangOpt = Lang.vi,
    year: Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, help="Năm đánh giá / assessment year.")] = None,
    as_of: Annotated[
        Optional[str], typer.Option("--as-of", help="Ngày chọn bộ tiêu chí có hiệu lực (YYYY-MM-DD) / date for the rule set.")
    ] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Đánh giá đơn vị / assess units: verdict and every criterion with its reasons; folders and spreadsheets give a summary."""
    from antt_cli.cli import assess as cmd

    raise typer.Exit(cmd.run(paths, (format or Format.table).value, lang.value, year, _date_option(as_of), criteria,
                             outputs=output, jobs=jobs, quiet=quiet, format_given=format is not None))


@app.command()
def new(
    unit_type: Annotated[str, typer.Argument(metavar="TYPE", help="Loại đơn vị / unit type (khu_dan_cu, xa, co_quan, doanh_nghiep, co_so_giao_duc).")],
    lang: LangOpt = Lang.vi,
    year: Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, help="Năm đánh giá / assessment year.")] = None,
    criteria: CriteriaOpt = None,
    format: Annotated[TemplateFormat, typer.Option("--format", "-f", help="yaml (bản ghi có chú thích), xlsx, csv (bảng tính trống) / a commented record or a blank spreadsheet.")] = TemplateFormat.yaml,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Ghi vào tệp thay vì stdout / write to FILE instead of stdout.")] = None,
) -> None:
    """In một bản ghi trống có chú thích / print a blank, commented record (or a blank spreadsheet) for TYPE."""
    from antt_cli.cli import new as cmd

    raise typer.Exit(cmd.run(unit_type, lang.value, year, criteria, fmt=format.value, output=output))


@app.command("test")
def test_cases(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Tệp/thư mục ca kiểm thử / case files (default: bundled).", show_default=False)] = None,
    keyword: Annotated[Optional[str], typer.Option("-k", help="Chỉ chạy ca có tên chứa chuỗi này / only cases whose name contains this.")] = None,
    lang: LangOpt = Lang.vi,
    criteria: CriteriaOpt = None,
    min_coverage: Annotated[
        Optional[float], typer.Option("--min-coverage", min=0, max=100, metavar="PCT",
                                      help="Lỗi nếu độ bao phủ tiêu chí thấp hơn PCT% / fail below this criterion coverage.")
    ] = None,
    coverage: Annotated[bool, typer.Option("--coverage", help="Liệt kê cả nhánh 'any' chưa được kiểm / also list untested 'any' branches.")] = False,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Định dạng / output format (text, json).")] = CheckFormat.text,
) -> None:
    """Chạy các ca kiểm thử tiêu chí / run criteria test cases."""
    from antt_cli.cli import cases as cmd

    if format == CheckFormat.github:
        raise typer.BadParameter("text | json", param_hint="--format")
    raise typer.Exit(cmd.run(paths, keyword, lang.value, criteria, min_coverage, coverage, format.value))


# ----------------------------------------------------------------------------- criteria authoring (issue 4)

criteria_app = typer.Typer(
    help="Tiêu chí: kiểm tra, liệt kê, xem / criteria files: check, list, show.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(criteria_app, name="criteria")
config_app = typer.Typer(
    help="Cấu hình (antt.toml, [tool.antt]) / configuration.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(config_app, name="config")


YearOpt = Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, help="Năm đánh giá / assessment year.")]
AsOfOpt = Annotated[
    Optional[str], typer.Option("--as-of", help="Ngày chọn bộ tiêu chí có hiệu lực (YYYY-MM-DD) / date for the rule set.")
]


@criteria_app.command("check")
def criteria_check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Tệp/thư mục tiêu chí (mặc định: cấu hình hoặc bộ kèm theo) / criteria files or folders.", show_default=False)] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json, github (chú thích GitHub Actions).")] = CheckFormat.text,
    lang: LangOpt = Lang.vi,
    whole_set: Annotated[
        Optional[bool], typer.Option("--whole-set/--files-only", help="Kiểm cả yêu cầu của trọn bộ (đủ loại đơn vị, không hở hiệu lực); "
                                     "mặc định: có khi kiểm thư mục / also check whole-set rules (default: for folders).")
    ] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Kiểm tra tệp tiêu chí, báo mọi lỗi có vị trí / check criteria files, report every problem (exit 2)."""
    from antt_cli.cli import criteria_cmd as cmd

    raise typer.Exit(cmd.check(paths or criteria, format.value, lang.value, whole_set))


@criteria_app.command("list")
def criteria_list(
    unit_type: Annotated[Optional[str], typer.Argument(metavar="[TYPE]", help="Loại đơn vị / unit type.", show_default=False)] = None,
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json.")] = CheckFormat.text,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Liệt kê tiêu chí / list the criteria (of TYPE), with citations."""
    from antt_cli.cli import criteria_cmd as cmd

    if format == CheckFormat.github:
        raise typer.BadParameter("text | json", param_hint="--format")
    raise typer.Exit(cmd.list_(unit_type, format.value, lang.value, year, _date_option(as_of), criteria))


@criteria_app.command("show")
def criteria_show(
    name: Annotated[str, typer.Argument(metavar="ID|TYPE", help="Mã tiêu chí hoặc loại đơn vị / criterion id or unit type.")],
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="text, markdown (phiếu in cho cuộc họp bình xét), json.")] = ShowFormat.text,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Xem tiêu chí: yêu cầu, căn cứ, cách hiểu / show criteria in words, with citations and readings."""
    from antt_cli.cli import criteria_cmd as cmd

    raise typer.Exit(cmd.show(name, format.value, lang.value, year, _date_option(as_of), criteria))


@app.command()
def schema(
    name: Annotated[str, typer.Argument(metavar="TYPE|criteria", help="Loại đơn vị, hoặc 'criteria' / a unit type, or 'criteria'.")],
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.vi,
    criteria: CriteriaOpt = None,
) -> None:
    """In JSON Schema của bản ghi TYPE hoặc của tệp tiêu chí / print the JSON Schema of a record or of criteria files."""
    from antt_cli.cli import schema as cmd

    raise typer.Exit(cmd.run(name, lang.value, year, _date_option(as_of), criteria))


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Tệp bản ghi đơn vị (YAML) / unit record files.", show_default=False)],
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json, github.")] = CheckFormat.text,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Kiểm tra bản ghi theo lược đồ, không đánh giá / check unit records without assessing (exit 2 if invalid)."""
    from antt_cli.cli import validate as cmd

    raise typer.Exit(cmd.run(paths, format.value, lang.value, year, _date_option(as_of), criteria))


@config_app.command("show")
def config_show(
    lang: Annotated[Optional[Lang], typer.Option("--lang", "-l", help="Ngôn ngữ / language.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="Định dạng của assess / assess format.")] = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Giá trị cấu hình và nguồn của chúng / each setting and where it came from (flag > env > file > default)."""
    from antt_cli.cli import config_cmd as cmd

    raise typer.Exit(cmd.show(lang.value if lang else None, format, criteria))


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
