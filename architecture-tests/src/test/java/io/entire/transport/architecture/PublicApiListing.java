package io.entire.transport.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The public API of a set of compiled classes as text lines (L7): every type a user can name
 * (public, or protected and nested, with every enclosing type accessible) that is not marked
 * {@code @API(status = INTERNAL)} on itself, an enclosing type or its package, and each of its
 * declared public and protected fields, constructors and methods that are not so marked either.
 *
 * <p>A line is the binary name of the type, a colon, and the declaration in source-like form with
 * generic types, e.g. {@code io.example.Client: public static io.example.Client$Builder builder()}.
 * Lines are sorted and free of anything that varies between builds (no order of reflection, no
 * synthetic or bridge members, no parameter names), so the listing of unchanged code is the same
 * text every time.
 *
 * <p>Immutable and thread-safe.
 */
final class PublicApiListing {

  private final List<String> lines;
  private final Set<String> typeNames;

  private PublicApiListing(List<String> lines, Set<String> typeNames) {
    this.lines = List.copyOf(lines);
    this.typeNames = Set.copyOf(typeNames);
  }

  /** The listing of {@code classes}, loaded (not initialised) through this class's loader. */
  static PublicApiListing of(JavaClasses classes) {
    Set<String> lines = new TreeSet<>();
    Set<String> typeNames = new TreeSet<>();
    for (JavaClass javaClass : classes) {
      Class<?> type = load(javaClass.getName());
      if (isApi(type)) {
        typeNames.add(type.getName());
        lines.addAll(linesOf(type));
      }
    }
    return new PublicApiListing(new ArrayList<>(lines), typeNames);
  }

  /** The sorted lines. */
  List<String> lines() {
    return lines;
  }

  /** The binary names of the API types. */
  Set<String> typeNames() {
    return typeNames;
  }

  /** True for a type a user can name and that is not marked internal. */
  static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    for (Class<?> enclosing = type; enclosing != null; enclosing = enclosing.getDeclaringClass()) {
      if (!visible(enclosing.getModifiers()) || isInternal(enclosing.getAnnotation(API.class))) {
        return false;
      }
    }
    return !isInternal(packageAnnotation(type));
  }

  private static List<String> linesOf(Class<?> type) {
    String prefix = type.getName() + ": ";
    List<String> result = new ArrayList<>();
    result.add(prefix + typeDeclaration(type));
    for (Field field : type.getDeclaredFields()) {
      if (isApiMember(field)) {
        result.add(
            prefix
                + modifiers(field.getModifiers() & Modifier.fieldModifiers())
                + field.getGenericType().getTypeName()
                + " "
                + field.getName());
      }
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (isApiMember(constructor)) {
        result.add(
            prefix
                + modifiers(constructor.getModifiers() & Modifier.constructorModifiers())
                + typeParameters(constructor.getTypeParameters())
                + type.getSimpleName()
                + signatureTail(constructor));
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (isApiMember(method) && !method.isBridge()) {
        result.add(
            prefix
                + modifiers(method.getModifiers() & Modifier.methodModifiers())
                + (method.isDefault() ? "default " : "")
                + typeParameters(method.getTypeParameters())
                + method.getGenericReturnType().getTypeName()
                + " "
                + method.getName()
                + signatureTail(method));
      }
    }
    return result;
  }

  private static String typeDeclaration(Class<?> type) {
    StringBuilder declaration = new StringBuilder();
    int modifiers = type.getModifiers() & Modifier.classModifiers();
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
      modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (type.isInterface()) {
      kind = "interface";
      modifiers &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (type.isEnum()) {
      kind = "enum";
    } else if (type.isRecord()) {
      kind = "record";
    } else {
      kind = "class";
    }
    declaration.append(modifiers(modifiers));
    if (type.isSealed()) {
      declaration.append("sealed ");
    }
    declaration.append(kind).append(typeParameters(type.getTypeParameters()));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class) {
      declaration.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0) {
      declaration
          .append(type.isInterface() ? " extends " : " implements ")
          .append(joined(interfaces));
    }
    if (type.isSealed()) {
      declaration
          .append(" permits ")
          .append(
              Arrays.stream(type.getPermittedSubclasses())
                  .map(Class::getName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return declaration.toString().trim();
  }

  private static String signatureTail(Executable executable) {
    Type[] parameters = executable.getGenericParameterTypes();
    // Inner-class constructors and enum constructors may report the implicit parameters only in
    // the raw types; the generic ones are what the source declares, so they are used when present.
    if (parameters.length != executable.getParameterCount()) {
      parameters = executable.getParameterTypes();
    }
    String parameterList = joined(parameters);
    if (executable.isVarArgs() && parameterList.endsWith("[]")) {
      parameterList = parameterList.substring(0, parameterList.length() - 2) + "...";
    }
    Type[] exceptions = executable.getGenericExceptionTypes();
    String throwsClause =
        exceptions.length == 0
            ? ""
            : " throws "
                + Arrays.stream(exceptions)
                    .map(Type::getTypeName)
                    .sorted()
                    .collect(Collectors.joining(", "));
    return "(" + parameterList + ")" + throwsClause;
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    List<String> declared = new ArrayList<>();
    for (TypeVariable<?> variable : variables) {
      List<Type> bounds =
          Arrays.stream(variable.getBounds()).filter(bound -> bound != Object.class).toList();
      declared.add(
          variable.getName()
              + (bounds.isEmpty() ? "" : " extends " + joined(bounds.toArray(Type[]::new), " & ")));
    }
    return "<" + String.join(", ", declared) + "> ";
  }

  private static boolean isApiMember(Member member) {
    if (member.isSynthetic() || !visible(member.getModifiers())) {
      return false;
    }
    API api = ((AnnotatedElement) member).getAnnotation(API.class);
    return !isInternal(api);
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static boolean isInternal(API api) {
    return api != null && api.status() == API.Status.INTERNAL;
  }

  private static API packageAnnotation(Class<?> type) {
    String packageInfo = type.getPackageName() + ".package-info";
    try {
      return Class.forName(packageInfo, false, type.getClassLoader()).getAnnotation(API.class);
    } catch (ClassNotFoundException noPackageInfo) {
      return null;
    }
  }

  private static String modifiers(int modifiers) {
    String text = Modifier.toString(modifiers);
    return text.isEmpty() ? "" : text + " ";
  }

  private static String joined(Type[] types) {
    return joined(types, ", ");
  }

  private static String joined(Type[] types, String separator) {
    return Arrays.stream(types).map(Type::getTypeName).collect(Collectors.joining(separator));
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PublicApiListing.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("imported class " + name + " cannot be loaded", e);
    }
  }
}
