/**
 * ENTSO-E day-ahead exports for tests: hourly rows from 1 June 2025 00:00 in the file's own local labels
 * (CET/CEST, as the transparency platform writes them), `\r\n` line ends.
 */
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * `hours` rows of the export from 1 June 2025 00:00 on; `price(hourOfDay)` is the row's €/MWh as written.
 */
export function entsoeJune(hours: number, price: (hourOfDay: number) => string = () => "100.00"): string {
  const rows = ['"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]","Currency","BZN|DE-LU"'];
  const label = (t: Date) => `${pad(t.getUTCDate())}.06.2025 ${pad(t.getUTCHours())}:00`;
  for (let h = 0; h < hours; h++) {
    const a = new Date(Date.UTC(2025, 5, 1) + h * 3600e3),
      b = new Date(a.getTime() + 3600e3);
    rows.push(`"${label(a)} - ${label(b)}","${price(a.getUTCHours())}","EUR","DE-LU"`);
  }
  return rows.join("\r\n");
}
