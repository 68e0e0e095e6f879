"""Readers of USDA food releases (SR24 from cronometer, SR ASCII such as SR28, FoodData Central CSV) and the import.

`conversion`, `sr24`, `sr_legacy_ascii`, `fdc_csv`, `fdc_supplement` (the curated FoodData Central rows of the
bundled data) and `release_files` use the standard library only (the
dataset build script imports them); `runner` writes to the database.
"""
