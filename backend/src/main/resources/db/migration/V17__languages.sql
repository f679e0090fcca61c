-- Languages (docs/I18N.md). A user's stored UI language: null means none chosen (the device's bz_lang cookie,
-- then Accept-Language, decide); otherwise one of the bundles' languages. Set by PUT /api/me/language (audited).
alter table app_user add column language text check (language in ('en', 'km', 'lo'));

-- Place names in the three languages where GeoNames has them (data/PROVENANCE.md): name_en is GeoNames' own
-- name; name_km/name_lo are the place's Khmer-script/Lao-script alternate names, null where GeoNames has none
-- (the map then shows name). BorderLoader fills them from the reference file at every start.
alter table place add column name_en text, add column name_km text, add column name_lo text;

-- No grants: V9 granted the app role select/insert/update/delete on these two tables as a whole, which covers
-- columns added later.
