/**
 * LISTEN/UNLISTEN statements for a channel. Channel names contain a dot
 * (`<schema>.river_insert`), so they must be quoted; drivers use these rather than
 * quoting by hand.
 */
export function listenSql(channel: string): string {
  return `LISTEN ${quoteChannel(channel)}`;
}

export function unlistenSql(channel: string): string {
  return `UNLISTEN ${quoteChannel(channel)}`;
}

function quoteChannel(channel: string): string {
  return `"${channel.replace(/"/g, '""')}"`;
}
