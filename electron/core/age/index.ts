/**
 * age v1 (https://age-encryption.org/v1): the outer layer of case bundles.
 * The public surface of electron/core/age; see each file's header for its
 * part of the format.
 */
export { AgeError, isAgeError, type AgeErrorKind } from './age-error';
export { ARMOR_BEGIN, ARMOR_END } from './armor';
export { defaultBackend, loadSodium, nobleBackend, nodeBackend, selectBackend, sodiumBackend, sodiumNativeBackend, type ChaChaBackend, type ChaChaBackendName } from './chacha';
export { AgeDecryptor, createDecryptStream, decrypt, decryptBuffer, type DecryptedHeaderInfo, type DecryptOptions } from './decrypt';
export { AgeEncryptor, checkRecipients, createEncryptStream, encrypt, encryptBuffer, type EncryptOptions, type Recipient } from './encrypt';
export { formatIdentityFile, parseIdentityFile, readIdentityFile } from './identity-file';
export { CHUNK_BYTES } from './payload';
export { DEFAULT_MAX_WORK_FACTOR, DEFAULT_WORK_FACTOR, passphraseIdentity, passphraseRecipient, type PassphraseIdentity, type PassphraseRecipient } from './scrypt';
export { type Identity } from './unwrap';
export { generateIdentity, parseIdentity, parseRecipient, recipientOf, type X25519Identity, type X25519Recipient } from './x25519';
