package dev.gale.report;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;

/**
 * A stream onto a disk with {@code room} bytes left, failing as a full disk does on Linux: a write that does not
 * fit takes what fits, and the next one fails with "No space left on device". For tests of what a full disk
 * leaves behind, here and in the command line's tests.
 */
public final class FullDiskStream extends FilterOutputStream {
    private long room;

    public FullDiskStream(OutputStream out, long room) {
        super(out);
        this.room = room;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (room == 0 && len > 0) {
            throw new FileSystemException(null, null, "No space left on device");
        }
        int n = (int) Math.min(len, room);
        out.write(b, off, n);
        room -= n;
        if (n < len) {
            throw new FileSystemException(null, null, "No space left on device");
        }
    }
}
