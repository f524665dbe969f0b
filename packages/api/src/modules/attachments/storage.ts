import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AwsClient } from 'aws4fetch';

/** Where uploaded bytes live. The local folder is the default; an object store plugs in behind the same calls. */
export interface FileStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
}

/** Files under a local folder, written atomically (temp file, then rename). */
export class LocalFileStorage implements FileStorage {
  private readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  private pathOf(key: string): string {
    if (!/^[\w/-]+$/.test(key) || key.includes('..')) throw new Error(`unsafe storage key: ${key}`);
    return join(this.root, key);
  }
  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.part`, bytes);
    await rename(`${path}.part`, path);
  }
  async get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }
}

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  timeoutMs: number;
}

/** An S3-compatible object store (AWS S3, MinIO, Yandex Object Storage …), path-style, signed with SigV4. */
export class S3FileStorage implements FileStorage {
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(private readonly options: S3Options) {
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      region: options.region,
      service: 's3',
    });
    this.base = `${options.endpoint.replace(/\/$/, '')}/${encodeURIComponent(options.bucket)}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const response = await this.client.fetch(`${this.base}/${key}`, {
      method: 'PUT',
      body: new Uint8Array(bytes),
      headers: { 'content-type': contentType },
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`object store answered ${response.status} to a PUT`);
  }

  async get(key: string): Promise<Buffer> {
    const response = await this.client.fetch(`${this.base}/${key}`, {
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    if (!response.ok) throw new Error(`object store answered ${response.status} to a GET`);
    return Buffer.from(await response.arrayBuffer());
  }
}
