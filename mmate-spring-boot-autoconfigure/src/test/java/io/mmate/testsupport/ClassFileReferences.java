package io.mmate.testsupport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a compiled class refers to, read from its constant pool: the classes it names, and the types in its
 * field, method and generic signatures and in its annotations. What only the source mentions (imports of unused
 * types, javadoc links) is not there.
 */
public final class ClassFileReferences {

	private static final int MAGIC = 0xCAFEBABE;

	private static final Pattern DESCRIBED_TYPE = Pattern.compile("L([\\w$/]+)[;<]");

	private ClassFileReferences() {
	}

	/**
	 * Read the classes a class file refers to.
	 * @param classFile a {@code .class} file
	 * @return the class's name and the names of the classes it refers to, binary names with slashes
	 * ({@code io/mmate/envelope/TypeRegistry})
	 * @throws IOException if the file cannot be read or is no class file
	 */
	public static ClassFile read(Path classFile) throws IOException {
		try (InputStream in = Files.newInputStream(classFile)) {
			return read(new DataInputStream(in));
		}
	}

	private static ClassFile read(DataInputStream in) throws IOException {
		if (in.readInt() != MAGIC) {
			throw new IOException("Not a class file");
		}
		in.skipNBytes(4);
		int count = in.readUnsignedShort();
		String[] texts = new String[count];
		int[] classNames = new int[count];
		Set<Integer> stringConstants = new HashSet<>();
		for (int index = 1; index < count; index++) {
			int tag = in.readUnsignedByte();
			switch (tag) {
				case 1 -> texts[index] = in.readUTF();
				case 7 -> classNames[index] = in.readUnsignedShort();
				case 8 -> stringConstants.add(in.readUnsignedShort());
				case 16, 19, 20 -> in.skipNBytes(2);
				case 15 -> in.skipNBytes(3);
				case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
				case 5, 6 -> {
					// Eight-byte constants take two slots of the pool.
					in.skipNBytes(8);
					index++;
				}
				default -> throw new IOException("Unknown constant pool tag " + tag + " at index " + index);
			}
		}
		in.skipNBytes(2);
		String name = texts[classNames[in.readUnsignedShort()]];
		Set<String> references = new TreeSet<>();
		for (int index = 1; index < count; index++) {
			if (classNames[index] != 0) {
				addClassName(texts[classNames[index]], references);
			}
			// Text in string constants is data; descriptors, signatures and annotations name types.
			else if (texts[index] != null && !stringConstants.contains(index)) {
				addDescribedTypes(texts[index], references);
			}
		}
		references.remove(name);
		return new ClassFile(name, references);
	}

	private static void addClassName(String name, Set<String> references) {
		if (name.startsWith("[")) {
			addDescribedTypes(name, references);
		}
		else {
			references.add(name);
		}
	}

	private static void addDescribedTypes(String text, Set<String> references) {
		Matcher matcher = DESCRIBED_TYPE.matcher(text);
		while (matcher.find()) {
			references.add(matcher.group(1));
		}
	}

	/**
	 * A class and the classes it refers to.
	 *
	 * @param name the binary name with slashes
	 * @param references the binary names with slashes of the classes it refers to, itself excluded
	 */
	public record ClassFile(String name, Set<String> references) {

		/**
		 * The package of a binary name with slashes.
		 * @param name the name
		 * @return the package name with dots, empty for the default package
		 */
		public static String packageOf(String name) {
			int slash = name.lastIndexOf('/');
			return (slash < 0) ? "" : name.substring(0, slash).replace('/', '.');
		}

		/**
		 * The package of this class.
		 * @return the package name with dots
		 */
		public String packageName() {
			return packageOf(this.name);
		}

	}

}
