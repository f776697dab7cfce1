# nbconvert config: keep inline SVG charts in HTML exports.
# Debian's nbconvert 6.5 runs outputs through lxml's clean_html, which strips
# the children of <svg> elements (the charts come out empty). Usage:
#   jupyter nbconvert --to html --config scripts/nbconvert-keep-svg.py NOTEBOOK.ipynb
c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)
c.HTMLExporter.filters = {"clean_html": lambda s: s}
