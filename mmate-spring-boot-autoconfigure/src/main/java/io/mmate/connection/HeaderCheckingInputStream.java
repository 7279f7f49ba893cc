package io.mmate.connection;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The bytes a broker sends, frame by frame, with each content header frame held back until it has arrived whole and
 * {@link HeaderTableCheck} has checked it. Every other frame passes as it comes, straight into the reader's buffer
 * when it is large. Once something arrives that is not a frame (a protocol header, on a version mismatch), everything
 * passes unchecked, for the client to report.
 *
 * <p>A read blocks only while it has nothing to return, so the client sees a frame as soon as it is complete; a
 * socket timeout leaves the stream where it was, to go on with the next read.
 */
final class HeaderCheckingInputStream extends InputStream {

	private static final int CONTENT_HEADER = 2;

	private static final int HEARTBEAT = 8;

	// A broker sends no frame larger than its frame_max (128 KiB by default): a larger header frame passes unchecked
	// rather than be held in memory.
	private static final int MAX_CHECKED_FRAME = 16 * 1024 * 1024;

	private final InputStream in;

	private byte[] buffer = new byte[32 * 1024];

	private int position;

	private int limit;

	private boolean ended;

	// How many more bytes of the current frame may pass unchecked.
	private long passing;

	private boolean notFrames;

	private byte[] replaced;

	private int replacedPosition;

	private final byte[] single = new byte[1];

	HeaderCheckingInputStream(InputStream in) {
		this.in = in;
	}

	@Override
	public int read() throws IOException {
		return (read(this.single, 0, 1) < 0) ? -1 : (this.single[0] & 0xFF);
	}

	@Override
	public int read(byte[] target, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, target.length);
		int count = 0;
		while (count < length) {
			int copied;
			if (this.replaced != null) {
				copied = copyReplaced(target, offset + count, length - count);
			}
			else if (this.passing > 0 || this.notFrames) {
				copied = pass(target, offset + count, length - count, count == 0);
			}
			else {
				copied = startFrame(count == 0) ? 0 : -1;
			}
			if (copied < 0) {
				break;
			}
			count += copied;
		}
		return (count == 0 && length > 0 && this.ended && this.position == this.limit && this.replaced == null) ? -1
				: count;
	}

	// At the start of a frame: decide how it passes. False when that cannot be decided without blocking, or at the end.
	private boolean startFrame(boolean mayBlock) throws IOException {
		if (!buffered(HeaderTableCheck.FRAME_PREFIX, mayBlock)) {
			if (this.ended && this.position < this.limit) {
				// Cut short: let the client see what there is.
				this.notFrames = true;
				return true;
			}
			return false;
		}
		int type = this.buffer[this.position] & 0xFF;
		long size = HeaderTableCheck.u32(this.buffer, this.position + 3);
		if (type == 0 || (type > 3 && type != HEARTBEAT)) {
			this.notFrames = true;
			return true;
		}
		long frameLength = HeaderTableCheck.FRAME_PREFIX + size + 1;
		if (type != CONTENT_HEADER || frameLength > MAX_CHECKED_FRAME) {
			this.passing = frameLength;
			return true;
		}
		if (!buffered((int) frameLength, mayBlock)) {
			if (this.ended) {
				this.notFrames = true;
				return true;
			}
			return false;
		}
		byte[] checked = HeaderTableCheck.check(this.buffer, this.position, (int) frameLength);
		if (checked == null) {
			this.passing = frameLength;
		}
		else {
			this.position += (int) frameLength;
			this.replaced = checked;
			this.replacedPosition = 0;
		}
		return true;
	}

	private int copyReplaced(byte[] target, int offset, int length) {
		int count = Math.min(length, this.replaced.length - this.replacedPosition);
		System.arraycopy(this.replaced, this.replacedPosition, target, offset, count);
		this.replacedPosition += count;
		if (this.replacedPosition == this.replaced.length) {
			this.replaced = null;
		}
		return count;
	}

	private int pass(byte[] target, int offset, int length, boolean mayBlock) throws IOException {
		int allowed = (int) Math.min(length, this.notFrames ? Integer.MAX_VALUE : this.passing);
		int count;
		if (this.position < this.limit) {
			count = Math.min(allowed, this.limit - this.position);
			System.arraycopy(this.buffer, this.position, target, offset, count);
			this.position += count;
		}
		else if (!mayBlock || this.ended) {
			return -1;
		}
		else if (allowed >= this.buffer.length) {
			// A large body: straight into the reader's buffer, without a copy here.
			count = this.in.read(target, offset, allowed);
		}
		else {
			this.position = 0;
			this.limit = 0;
			return buffered(1, true) ? 0 : -1;
		}
		if (count < 0) {
			this.ended = true;
			return -1;
		}
		if (!this.notFrames) {
			this.passing -= count;
		}
		return count;
	}

	// Whether at least count bytes are buffered, reading as needed when it may block.
	private boolean buffered(int count, boolean mayBlock) throws IOException {
		while (this.limit - this.position < count) {
			if (!mayBlock || this.ended) {
				return false;
			}
			if (this.buffer.length - this.position < count) {
				byte[] target = (this.buffer.length >= count) ? this.buffer
						: new byte[Math.max(count, this.buffer.length * 2)];
				System.arraycopy(this.buffer, this.position, target, 0, this.limit - this.position);
				this.limit -= this.position;
				this.position = 0;
				this.buffer = target;
			}
			int read = this.in.read(this.buffer, this.limit, this.buffer.length - this.limit);
			if (read < 0) {
				this.ended = true;
				return false;
			}
			this.limit += read;
		}
		return true;
	}

	@Override
	public int available() throws IOException {
		if (this.replaced != null) {
			return this.replaced.length - this.replacedPosition;
		}
		if (this.notFrames) {
			return this.limit - this.position;
		}
		return (int) Math.min(this.passing, this.limit - this.position);
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

}
