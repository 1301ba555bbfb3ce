"""Reading files: the public readers (``readers``) and, private beside them, bytes to cells (``_file_cells``),
cell texts to numbers and dates (``_cell_values``) and the readers' wording (``_reading_words``); ``sample_orders``
makes the seeded sample order log.
"""
