// The npm client has no types of its own; these are the parts the tests call.
declare module 'bigbluebutton-js' {
  type Params = Record<string, string | number | boolean>;
  interface Api {
    administration: {
      create(name: string, id: string, params?: Params): string;
      join(fullName: string, meetingID: string, password: string, params?: Params): string;
      end(meetingID: string, password: string): string;
    };
    monitoring: {
      getMeetingInfo(meetingID: string): string;
      isMeetingRunning(meetingID: string): string;
      getMeetings(): string;
    };
    recording: {
      getRecordings(params?: Params): string;
      publishRecordings(recordID: string, publish: boolean): string;
      deleteRecordings(recordID: string): string;
    };
  }
  const bbb: {
    api(host: string, secret: string): Api;
    /** GETs a signed URL and parses the XML answer into an object. */
    http(url: string): Promise<Record<string, any>>;
  };
  export default bbb;
}
