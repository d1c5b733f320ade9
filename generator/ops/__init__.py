"""Operations around a build: the run history and the build lock (runs), the monthly archive,
publishing the site to a folder, exporting it as a zip, and rebuilding the store from the
kept originals."""
