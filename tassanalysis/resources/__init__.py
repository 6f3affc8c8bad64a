"""Data files shipped with the package.

``tass_article_ids.csv``
    tass.com / tass.ru article ids by publication day (``site, day, id_min, id_max,
    records, source``), built by ``benchmarks/build_article_id_table.py`` from dated
    public records: NewsArticles (Dai 2017, doi:10.7910/DVN/GMFCTR), the
    opnweb/tass-scraper example output, the lobsterbush/kremlin-speeches tass.com
    headline index, and single dated URLs from public pages. Used to place pages
    whose printed date has no year.
"""
