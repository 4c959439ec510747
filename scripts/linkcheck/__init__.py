"""The link checker's layers; scripts/check_links.py is its entry point.

collect.py  built pages -> the links, with the docs/...md:line each was written on
fetch.py    one document per URL over the network: host slots, the --timeout budget,
            retries, refused addresses (guard.py)
page.py     what a fetched HTML page says: charset, title, anchors, refresh, notice
judge.py    one verdict per link, from what was fetched (no I/O)
report.py   text, JSON, Markdown and GitHub annotations, web strings escaped for each
cache.py    ok results kept between runs, shared safely by concurrent runs
config.py   [tool.check_links]: the one place defaults live; Settings
cli.py      the command-line options
model.py    the types they pass to each other
"""
