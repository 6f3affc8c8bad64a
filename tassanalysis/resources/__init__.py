"""Data files shipped with the package.

``tass_article_ids.csv``
    tass.com / tass.ru article ids by publication day (``site, day, id_min, id_max,
    records, source``), built by ``benchmarks/build_article_id_table.py`` from dated
    public records: NewsArticles (Dai 2017, doi:10.7910/DVN/GMFCTR), the
    opnweb/tass-scraper example output, the lobsterbush/kremlin-speeches tass.com
    headline index, and single dated URLs from public pages (``public-pages``: among
    them tass.com pages of 2014-2025 in a public web-page store, dated by the store's
    record of the page or by a date line with its year; each listed with where it was
    seen in the build script). Used to place pages whose printed date has no year.
"""
