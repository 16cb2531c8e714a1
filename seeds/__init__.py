"""Demo and generated data for pactmap (the SPIRAL taxonomy is domain vocabulary:
:mod:`pactmap.graph.taxonomy`).

- :mod:`~pactmap.seeds.demo`: the fictional demo town Valbrune (``demo_territory()``,
  ``load_demo(store)``) with its documented coordination gaps;
- :mod:`~pactmap.seeds.generator`: synthetic territories of any size with planted silos, gaps
  and coalitions (``generate_territory(actors, seed)``, ``load_generated(store, generated)``).
"""
