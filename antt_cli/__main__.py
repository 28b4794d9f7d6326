from antt_cli.cli.entry import run

run()
