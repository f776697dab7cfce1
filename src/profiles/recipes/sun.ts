/**
 * The sun's position (the `suncalc` library: Meeus' algorithms, apparent
 * altitude with refraction) and a clear-sky irradiance on a tilted panel.
 *
 * Clear-sky model, per instant with the sun's apparent altitude α > 0 (zenith z = 90° − α):
 * - air mass `AM = 1 / (cos z + 0.50572·(96.07995 − z)^−1.6364)` (Kasten & Young 1989),
 * - direct normal irradiance `DNI = 1.353·0.7^(AM^0.678)` kW/m² (Meinel & Meinel 1976),
 * - diffuse horizontal irradiance `DHI = 0.1·DNI`,
 * - on a panel tilted β towards the equator (azimuth 180° north of the
 *   equator, 0° south of it): `POA = DNI·max(0, cos θ) + DHI·(1 + cos β)/2`,
 *   `cos θ = cos z·cos β + sin z·sin β·cos(A − A_panel)`.
 * While the sun is below the horizon (α ≤ 0) the irradiance is exactly 0.
 */
import { getPosition, getTimes } from "suncalc";

const RAD = Math.PI / 180;

/** The sun's apparent altitude and azimuth (degrees; azimuth clockwise from north). */
export interface SunPosition {
  altitude: number;
  azimuth: number;
}

/**
 * The sun's position at an instant and place.
 * @param date - the instant (UTC)
 * @param latitude - degrees, north positive
 * @param longitude - degrees, east positive
 * @example sunPosition(new Date("2025-06-21T12:00:00Z"), 51.48, 0).altitude // ≈ 62
 */
export function sunPosition(date: Date, latitude: number, longitude: number): SunPosition {
  const p = getPosition(date, latitude, longitude);
  return { altitude: p.altitude, azimuth: p.azimuth };
}

/**
 * Sunrise and sunset (UTC instants) of the solar day containing `date`, or
 * `null` for each that does not happen (polar day or night).
 * @example sunriseSunset(new Date("2025-06-21T12:00:00Z"), 51.48, 0).sunrise // ≈ 03:43 UTC
 */
export function sunriseSunset(
  date: Date,
  latitude: number,
  longitude: number,
): { sunrise: Date | null; sunset: Date | null } {
  const t = getTimes(date, latitude, longitude);
  return { sunrise: t.sunrise, sunset: t.sunset };
}

/**
 * Clear-sky irradiance on a panel, kW/m² (module comment gives the model).
 * @param sun - the sun's apparent altitude and azimuth, degrees
 * @param tilt - panel tilt from horizontal, degrees
 * @param panelAzimuth - the direction the panel faces, degrees clockwise from north
 * @example clearSkyPanel({ altitude: 60, azimuth: 180 }, 30, 180) // ≈ 0.95 (sun straight onto the panel)
 */
export function clearSkyPanel(sun: SunPosition, tilt: number, panelAzimuth: number): number {
  if (!(sun.altitude > 0)) return 0;
  const z = 90 - sun.altitude;
  const cosZ = Math.cos(z * RAD);
  const airMass = 1 / (cosZ + 0.50572 * Math.pow(96.07995 - z, -1.6364));
  const dni = 1.353 * Math.pow(0.7, Math.pow(airMass, 0.678));
  const dhi = 0.1 * dni;
  const b = tilt * RAD;
  const cosTheta = cosZ * Math.cos(b) + Math.sin(z * RAD) * Math.sin(b) * Math.cos((sun.azimuth - panelAzimuth) * RAD);
  return dni * Math.max(0, cosTheta) + (dhi * (1 + Math.cos(b))) / 2;
}
