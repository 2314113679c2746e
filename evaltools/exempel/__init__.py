"""The bundled example insats (``ung_framtid/``) and the generator that writes its synthetic data."""
