import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The PDFs of a room's presentations: `<data dir>/slides/<room id>/<deck id>.pdf`. Both ids are
 * random base64url, checked before they get here, so a path never leaves the folder.
 */
export class SlideFiles {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'slides');
  }

  path(roomId: string, deckId: string): string {
    return join(this.root, roomId, `${deckId}.pdf`);
  }

  /** Written beside and renamed, so a reader never sees half a file. */
  async write(roomId: string, deckId: string, bytes: Uint8Array): Promise<void> {
    const dir = join(this.root, roomId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const partial = join(dir, `${deckId}.partial`);
    await writeFile(partial, bytes, { mode: 0o600 });
    await rename(partial, this.path(roomId, deckId));
  }

  async remove(roomId: string, deckId: string): Promise<void> {
    await rm(this.path(roomId, deckId), { force: true });
  }

  /** The room is gone: its presentations go with it. */
  async removeRoom(roomId: string): Promise<void> {
    await rm(join(this.root, roomId), { recursive: true, force: true });
  }
}
