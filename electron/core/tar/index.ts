/**
 * tar for case bundles: a streaming writer of regular files and a defensive
 * streaming reader. See tar-writer.ts and tar-reader.ts.
 */
export { TarError, type TarErrorKind } from './tar-error';
export { normaliseEntryName } from './tar-names';
export { readTar, type TarEntry, type TarReadOptions } from './tar-reader';
export { createTarWriter, type TarContent, type TarFileEntry, type TarSink, type TarWriter } from './tar-writer';
