package dev.gale.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;

/**
 * A file's channel on a disk with {@code room} bytes left, failing as a full disk does on Linux: a write that
 * does not fit takes what fits, and the next one fails with "No space left on device". Truncating gives the room
 * back, or (when told to) fails, as on a file system that cannot shrink a file. Everything else is the file's.
 */
final class FullDiskChannel extends FileChannel {
    private final FileChannel file;
    private final boolean truncates;
    private long room;

    FullDiskChannel(FileChannel file, long room, boolean truncates) {
        this.file = file;
        this.room = room;
        this.truncates = truncates;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (room == 0 && src.hasRemaining()) {
            throw new FileSystemException(null, null, "No space left on device");
        }
        int fits = (int) Math.min(src.remaining(), room);
        ByteBuffer part = src.slice(src.position(), fits);
        int n = file.write(part);
        src.position(src.position() + n);
        room -= n;
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw new UnsupportedOperationException("the log appends");
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (!truncates) {
            throw new FileSystemException(null, null, "Operation not permitted");
        }
        long before = file.size();
        file.truncate(size);
        room += Math.max(0, before - file.size());
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new UnsupportedOperationException("the log appends");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return file.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        file.close();
    }
}
