"""The command line: a thin typer layer. Each subcommand lives in its own module and
returns an exit code; domain errors become exit codes only here."""
