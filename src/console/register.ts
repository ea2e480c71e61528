/**
 * Registers the domain consoles and node builders. Imported once by every entry point (the headless
 * console, the worker) so they all speak the same command language.
 */
import './zkcli';
import '../sim/zookeeper/register';
import './kafka';
