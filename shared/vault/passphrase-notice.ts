/**
 * What a passphrase change does not do, said wherever the passphrase is
 * changed (settings screen, `outpost vault passphrase`). The passphrase only
 * wraps the vault's data key in vault.json; changing it rewraps the same key.
 * Someone holding an old copy of vault.json and the old passphrase (a backup,
 * a colleague who knew it, a stolen laptop image) can therefore still unlock
 * the data key, and with it every file of the vault, including files written
 * after the change. People who change a passphrase because it leaked must
 * know that this alone does not shut that person out.
 */
export const PASSPHRASE_CHANGE_NOTICE =
  'Changing the passphrase does not change the data key that encrypts the vault: an old copy of vault.json together with the old passphrase still opens every file, including files written later. If the old passphrase or a copy of vault.json may have leaked, replace the data key as well (Settings → Replace the data key, or "outpost vault replace-key").';
