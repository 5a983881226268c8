package org.audioprune.interchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.audioprune.AudioPruneException;

/**
 * Razorvine's pickle reader restricted to an allow-list of globals. Razorvine never runs Python
 * code, but by default it turns any unknown global (say {@code posix.system}) into a dictionary-
 * building constructor and carries on, and its BUILD calls {@code __setstate__} by reflection on
 * whatever is on the stack. Here every opcode that names or instantiates a class is intercepted:
 * <ul>
 *   <li>GLOBAL / STACK_GLOBAL resolve only names in the allow-list (its own, per-reader map;
 *       Razorvine's process-wide constructor registry is never consulted); anything else stops
 *       the load with {@link Refused} before a single further opcode is read;</li>
 *   <li>INST, OBJ and the EXT opcodes (old-style instantiation, the copyreg extension registry)
 *       are refused outright;</li>
 *   <li>BUILD applies state only to objects this package created ({@link Buildable});</li>
 *   <li>REDUCE / NEWOBJ can therefore only call allow-listed constructors, which build inert
 *       Java data (tensors, arrays, maps).</li>
 * </ul>
 */
final class RestrictedUnpickler extends Unpickler {

    /** A pickle that asked for something outside the allow-list; nothing of it was built. */
    static final class Refused extends AudioPruneException {
        Refused(String message) {
            super(message);
        }
    }

    /** An object of this package that accepts pickle BUILD state. */
    interface Buildable {
        void build(Object state);
    }

    private final Map<String, IObjectConstructor> allowed;
    private final Function<Object, Object> persistentIds;

    /**
     * @param allowed       "module.name" → constructor, the only globals the pickle may name
     * @param persistentIds resolves persistent ids (PyTorch storages), or {@code null} to refuse them
     */
    RestrictedUnpickler(Map<String, IObjectConstructor> allowed, Function<Object, Object> persistentIds) {
        this.allowed = Map.copyOf(allowed);
        this.persistentIds = persistentIds;
    }

    /** Reads one pickle from {@code in}; reading stops at its STOP opcode, so pickles can follow. */
    Object read(InputStream in) throws IOException {
        return load(in);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        if (key == Opcodes.GLOBAL) {
            String module = PickleUtils.readline(input);
            String name = PickleUtils.readline(input);
            stack.add(resolve(module, name));
        } else if (key == Opcodes.STACK_GLOBAL) {
            Object name = stack.pop();
            Object module = stack.pop();
            if (!(module instanceof String m) || !(name instanceof String n)) {
                throw new Refused("pickle names a global with non-string parts");
            }
            stack.add(resolve(m, n));
        } else if (key == Opcodes.INST || key == Opcodes.OBJ) {
            throw new Refused("pickle instantiates a class with the INST/OBJ opcode, which no state dict needs");
        } else if (key == Opcodes.EXT1 || key == Opcodes.EXT2 || key == Opcodes.EXT4) {
            throw new Refused("pickle uses a copyreg extension code, which no state dict needs");
        } else if (key == Opcodes.BUILD) {
            Object state = stack.pop();
            Object target = stack.peek();
            if (!(target instanceof Buildable b)) {
                throw new Refused("pickle sets the state of a " + (target == null ? "None" : target.getClass().getSimpleName())
                        + ", which no state dict needs");
            }
            b.build(state);
        } else {
            return super.dispatch(key);
        }
        return NO_RETURN_VALUE;
    }

    private IObjectConstructor resolve(String module, String name) {
        IObjectConstructor c = allowed.get(module + "." + name);
        if (c == null) {
            throw new Refused("pickle refers to " + module + "." + name
                    + ", which is not among the classes a weights file needs; refused, nothing of it was run");
        }
        return c;
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (persistentIds == null) {
            throw new Refused("pickle refers to external (persistent) data, which this file type has none of");
        }
        return persistentIds.apply(pid);
    }
}
