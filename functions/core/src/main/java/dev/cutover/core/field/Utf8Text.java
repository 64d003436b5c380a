package dev.cutover.core.field;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 input checked byte by byte, so a file that is not UTF-8 is reported with where it goes wrong rather than
 * with the JDK's "Input length = 1".
 */
public final class Utf8Text {

    private Utf8Text() {}

    /** The offset of the first byte that is not valid UTF-8, or -1 when all of them are. */
    public static int invalidOffset(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never gives more UTF-16 units than bytes
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return in.position();
        }
        return decoder.flush(out).isError() ? in.position() : -1;
    }

    /** Why the bytes are not text, {@code is not valid UTF-8 text (the first invalid byte is at byte offset 12)}. */
    public static String problem(int offset) {
        return "is not valid UTF-8 text (the first invalid byte is at byte offset " + offset + ")";
    }
}
