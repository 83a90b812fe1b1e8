"""The resource library: articles, brochures, studies, legal texts, guides."""
