"""Seed data for pactmap.

- :mod:`~pactmap.seeds.taxonomy`: the SPIRAL dimensions A-I and their 67 components, and
  ``suggest_components(text)`` for classifying citizens' criteria;
- :mod:`~pactmap.seeds.demo`: the fictional demo town Valbrune (``demo_territory()``,
  ``load_demo(store)``) with its documented coordination gaps;
- :mod:`~pactmap.seeds.generator`: synthetic territories of any size with planted silos, gaps
  and coalitions (``generate_territory(actors, seed)``, ``load_generated(store, generated)``).
"""
