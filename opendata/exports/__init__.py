"""The open-data files: inventory.csv, inventory.xlsx, synthesis.csv and
datapackage.json, built after data changes and served under /data/.

``columns`` is the data dictionary (the single definition of every column),
``rows`` reads the database, ``csv_build`` / ``xlsx_build`` / ``datapackage``
write the files and ``build`` is the service that builds them all.
"""
