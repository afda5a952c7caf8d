import http from 'node:http';

/**
 * An upload the test hands over in two halves. It resolves `received` once the server has read
 * its headers (it answers `Expect: 100-continue`), so a signal sent after it meets a request
 * under way, not one still connecting.
 */
export function uploadInTwoHalves(toolUrl: string, sessionToken: string, id: string, bytes: Uint8Array) {
  const request = http.request(`${toolUrl}/api/media/${id}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${sessionToken}`,
      'content-type': 'audio/webm',
      'content-length': String(bytes.length),
      expect: '100-continue',
    },
  });
  const received = new Promise<void>((resolve) => request.once('continue', () => resolve()));
  const answered = new Promise<{ status: number }>((resolve, reject) => {
    request.once('response', (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0 }));
    });
    request.on('error', reject);
  });
  // Settled when the test asks; marked handled now, so a cut before then is not "unhandled".
  answered.catch(() => {});
  void received.then(() => request.write(bytes.subarray(0, bytes.length / 2)));
  return {
    received,
    answered,
    finish: () => request.end(bytes.subarray(bytes.length / 2)),
  };
}
