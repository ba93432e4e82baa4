"""data/ → validated records → derived views → Markdown pages and open-data files in docs/.

The modules, in the order the data flows through them:

- :mod:`.fields` what records are made of (texts, ids, references, dates, vocabularies);
  :mod:`.model` the schema; :mod:`.source` YAML text → values and their lines;
  :mod:`.problems` mistakes in plain words; :mod:`.load` files → validated records;
  :mod:`.dataset` references resolved, backlinks, cross-record rules.
- :mod:`.routes` where every page, record and file lives and what it is called;
  :mod:`.views` every derived answer (counts, groupings, dates); :mod:`.labels` the words
  for each value; :mod:`.page` the helpers templates call to format; :mod:`.escape`
  every output context.
- :mod:`.render` the Jinja environment and the page loop; :mod:`.export` JSON, CSV,
  JSON Schema, the Atom feeds and the calendar; :mod:`.write` docs/ brought in step.
- :mod:`.pipeline` all of it in one call, used by :mod:`.hooks` (MkDocs) and
  :mod:`.__main__` (the command line). :mod:`.cache` keeps compiled templates and parsed
  files between builds; :mod:`.dev` holds the benchmark and its synthetic data.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The checkout this package sits in: the command line's default data/, docs/ and mkdocs.yml."""
