declare module '@authenio/samlify-xmllint-wasm' {
  /** Validates a SAML message against the SAML 2.0 schemas; rejects when it is not valid. */
  export function validate(xml: string): Promise<string>;
}
