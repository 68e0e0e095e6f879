"""Readers of USDA food releases (SR24 from cronometer, SR Legacy ASCII, FoodData Central CSV) and the import.

`conversion`, `sr24`, `sr_legacy_ascii`, `fdc_csv` and `release_files` use the standard library only (the
dataset build script imports them); `runner` writes to the database.
"""
