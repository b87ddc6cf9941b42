"""Report layer: the self-contained HTML report and the charts it and the notebooks draw."""
