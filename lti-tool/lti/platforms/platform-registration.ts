/** What identifies an LMS registration and where its endpoints are: one shape everywhere. */
export interface PlatformRegistration {
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
}
