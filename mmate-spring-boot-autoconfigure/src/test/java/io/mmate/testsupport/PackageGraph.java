package io.mmate.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.mmate.testsupport.ClassFileReferences.ClassFile;

/**
 * Which packages under a root depend on which, read from compiled classes, so that architecture tests see what the
 * code really uses and pick up new packages by themselves. Each dependency keeps the class references that make it,
 * to say what to change.
 */
public final class PackageGraph {

	private final SortedMap<String, SortedMap<String, SortedSet<String>>> references;

	private PackageGraph(SortedMap<String, SortedMap<String, SortedSet<String>>> references) {
		this.references = references;
	}

	/**
	 * Read the dependencies between the packages of a root from a directory of class files.
	 * @param classes the directory, such as {@code target/classes}
	 * @param root the root package, such as {@code io.mmate}; references outside it are left out
	 * @return the graph
	 * @throws IOException if a class file cannot be read
	 */
	public static PackageGraph read(Path classes, String root) throws IOException {
		String prefix = root.replace('.', '/') + "/";
		SortedMap<String, SortedMap<String, SortedSet<String>>> references = new TreeMap<>();
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".class")).toList()) {
				ClassFile type = ClassFileReferences.read(file);
				if (type.name().startsWith(prefix)) {
					add(type, prefix, references.computeIfAbsent(type.packageName(), (key) -> new TreeMap<>()));
				}
			}
		}
		return new PackageGraph(references);
	}

	private static void add(ClassFile type, String prefix, SortedMap<String, SortedSet<String>> targets) {
		for (String name : type.references()) {
			String to = ClassFile.packageOf(name);
			if (name.startsWith(prefix) && !to.equals(type.packageName())) {
				targets.computeIfAbsent(to, (key) -> new TreeSet<>())
					.add(simpleName(type.name()) + " -> " + simpleName(name));
			}
		}
	}

	/**
	 * The packages that have classes.
	 * @return the package names
	 */
	public Set<String> packages() {
		return this.references.keySet();
	}

	/**
	 * The packages a package depends on.
	 * @param from the package
	 * @return the packages its classes refer to
	 */
	public Set<String> dependencies(String from) {
		return this.references.getOrDefault(from, new TreeMap<>()).keySet();
	}

	/**
	 * Why one package depends on another.
	 * @param from the dependent package
	 * @param to the package it depends on
	 * @return the class references, such as {@code QueueDepthMeters -> QueueStats}
	 */
	public Set<String> reasons(String from, String to) {
		return this.references.getOrDefault(from, new TreeMap<>()).getOrDefault(to, new TreeSet<>());
	}

	/**
	 * The groups of packages that depend on each other, directly or through others.
	 * @return each group of two or more packages in a cycle, sorted by name
	 */
	public List<SortedSet<String>> cycles() {
		return new StronglyConnected().groups()
			.stream()
			.filter((group) -> group.size() > 1)
			.toList();
	}

	/**
	 * One line per package with the packages it depends on, for a test's output.
	 * @return the text
	 */
	@Override
	public String toString() {
		return this.references.keySet()
			.stream()
			.map((from) -> from + " -> "
					+ (dependencies(from).isEmpty() ? "(none)" : String.join(", ", dependencies(from))))
			.collect(Collectors.joining(System.lineSeparator()));
	}

	private static String simpleName(String binaryName) {
		return binaryName.substring(binaryName.lastIndexOf('/') + 1);
	}

	/**
	 * Tarjan's strongly connected components: the packages of one component all reach each other.
	 */
	private final class StronglyConnected {

		private final Map<String, Integer> index = new HashMap<>();

		private final Map<String, Integer> lowLink = new HashMap<>();

		private final List<String> stack = new ArrayList<>();

		private final List<SortedSet<String>> groups = new ArrayList<>();

		List<SortedSet<String>> groups() {
			packages().stream().filter((name) -> !this.index.containsKey(name)).forEach(this::visit);
			return this.groups;
		}

		private void visit(String name) {
			this.index.put(name, this.index.size());
			this.lowLink.put(name, this.index.get(name));
			this.stack.add(name);
			for (String next : dependencies(name)) {
				if (!this.index.containsKey(next)) {
					visit(next);
					this.lowLink.put(name, Math.min(this.lowLink.get(name), this.lowLink.get(next)));
				}
				else if (this.stack.contains(next)) {
					this.lowLink.put(name, Math.min(this.lowLink.get(name), this.index.get(next)));
				}
			}
			if (this.lowLink.get(name).equals(this.index.get(name))) {
				SortedSet<String> group = new TreeSet<>();
				String member;
				do {
					member = this.stack.remove(this.stack.size() - 1);
					group.add(member);
				}
				while (!member.equals(name));
				this.groups.add(group);
			}
		}

	}

}
