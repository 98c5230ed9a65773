/**
 * What a renderer needs besides the document model: bytes that `load/` read from disk and the fixed
 * timestamp that makes output reproducible. Renderers never read files or the clock themselves.
 */
export interface RenderContext {
  /**
   * The timestamp written into document metadata and archive entries: the release date, else
   * SOURCE_DATE_EPOCH, else a fixed epoch. Never the current time.
   */
  readonly timestamp: Date;
  /** The organisation's logo, when it has one. */
  readonly logo?: { readonly bytes: Uint8Array; readonly type: 'png' | 'jpeg'; readonly width: number; readonly height: number } | undefined;
}
