package dev.calcomclient.redis.internal;

import dev.calcomclient.pipeline.CalcomResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw {@link CalcomResponse} as bytes, so that the instance that fetched it can hand it to waiting instances:
 * format version, status, headers, body.
 */
final class ResponseCodec {
  private static final int VERSION = 1;

  private ResponseCodec() {}

  static byte[] encode(CalcomResponse response) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.bodyBytes().length + 256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeShort(response.status());
      out.writeShort(response.headers().size());
      for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
        out.writeUTF(h.getKey());
        out.writeShort(h.getValue().size());
        for (String v : h.getValue()) {
          out.writeUTF(v);
        }
      }
      out.writeInt(response.bodyBytes().length);
      out.write(response.bodyBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a response", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a response.
   *
   * @throws IllegalArgumentException when {@code bytes} is not an encoded response of this version
   */
  static CalcomResponse decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readUnsignedByte() != VERSION) {
        throw new IllegalArgumentException("unknown response encoding");
      }
      int status = in.readUnsignedShort();
      int headerCount = in.readUnsignedShort();
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 0; i < headerCount; i++) {
        String name = in.readUTF();
        int n = in.readUnsignedShort();
        List<String> values = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
          values.add(in.readUTF());
        }
        headers.put(name, values);
      }
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      return new CalcomResponse(status, headers, body);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated response encoding", e);
    }
  }
}
