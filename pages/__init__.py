"""The app's pages: one module per page, each with one render() function."""
